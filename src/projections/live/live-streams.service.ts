import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { BehaviorSubject, merge, NEVER, of, Subject, timer, type Observable } from 'rxjs';
import type { Principal } from '../../auth/roles.js';
import { TokenService } from '../../auth/token.service.js';
import { AppConfig } from '../../config/config.js';
import { ApplicationError } from '../../errors/application-error.js';

/** How often the tokens of open live streams are read again: a revocation ends their streams within this. */
const TOKEN_CHECK_MS = 1_000;
const RETRY_AFTER_SECONDS = 30;

/** A live stream refused before it opens: the client or the instance holds as many as it may. */
export class TooManyLiveStreams extends ApplicationError {
  override readonly name = 'TooManyLiveStreams';
  readonly code = 'too-many-live-streams';
  readonly kind = 'too-many-requests';
  override readonly retryAfterSeconds = RETRY_AFTER_SECONDS;
}

/** What bounds one admitted live stream. */
export interface LiveStreamTicket {
  /**
   * For a reader with a token: events of transactions below the latest value may go out, raised at
   * each check that finds the token live; later events wait for the next check.
   */
  clearance?: Observable<bigint>;
  /** Emits when the stream must end: its lifetime is over, or its token was revoked. */
  ended: Observable<unknown>;
}

interface WatchedStream {
  tokenId: string;
  clearance: BehaviorSubject<bigint>;
  revoked: Subject<void>;
}

/**
 * Admits live streams within the per-client and per-instance caps, ends each at its lifetime, and
 * re-reads the tokens of all open authenticated streams in one query a second, so that a revocation
 * on any instance (the database is shared) ends them.
 */
@Injectable()
export class LiveStreams implements BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveStreams');
  private readonly openPerClient = new Map<string, number>();
  private openTotal = 0;
  private readonly watched = new Set<WatchedStream>();
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
  ) {}

  beforeApplicationShutdown(): void {
    this.stopChecking();
  }

  /** Counts the stream against the caps until `closed` aborts (every way an SSE response ends), or refuses it. */
  async admit(client: string, principal: Principal | undefined, closed: AbortSignal): Promise<LiveStreamTicket> {
    const ofClient = this.openPerClient.get(client) ?? 0;
    if (ofClient >= this.config.liveStreamsPerClient) throw new TooManyLiveStreams(`This client has ${ofClient} live streams open, the most it may`);
    if (this.openTotal >= this.config.liveStreamsTotal) throw new TooManyLiveStreams('This instance serves as many live streams as it may');
    this.openPerClient.set(client, ofClient + 1);
    this.openTotal++;
    let watched: WatchedStream | undefined;
    const release = () => {
      const left = (this.openPerClient.get(client) ?? 1) - 1;
      if (left === 0) this.openPerClient.delete(client);
      else this.openPerClient.set(client, left);
      this.openTotal--;
      if (watched) this.unwatch(watched);
    };
    closed.addEventListener('abort', release, { once: true });
    // The client left while the request was being authorized: no abort event is coming.
    if (closed.aborted) release();

    const lifetime = timer(this.config.liveStreamMaxMinutes * 60_000);
    if (principal === undefined) return { ended: lifetime };
    // The token was read when the request came in; this reading also says which events it covers.
    const { live, seenBelow } = await this.tokens.liveAmong([principal.tokenId]);
    // Revoked meanwhile, or the client left during the reading (released already: nothing to watch).
    if (!live.has(principal.tokenId) || closed.aborted) return { clearance: NEVER, ended: of(true) };
    watched = { tokenId: principal.tokenId, clearance: new BehaviorSubject(seenBelow), revoked: new Subject<void>() };
    this.watch(watched);
    return { clearance: watched.clearance, ended: merge(lifetime, watched.revoked) };
  }

  private watch(stream: WatchedStream): void {
    this.watched.add(stream);
    this.timer ??= setInterval(() => void this.check(), TOKEN_CHECK_MS);
  }

  private unwatch(stream: WatchedStream): void {
    this.watched.delete(stream);
    if (this.watched.size === 0) this.stopChecking();
  }

  private stopChecking(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One query for every open authenticated stream: live tokens raise their clearance, revoked ones end. */
  private async check(): Promise<void> {
    if (this.checking || this.watched.size === 0) return;
    this.checking = true;
    try {
      const streams = [...this.watched];
      const { live, seenBelow } = await this.tokens.liveAmong([...new Set(streams.map((stream) => stream.tokenId))]);
      for (const stream of streams) {
        if (live.has(stream.tokenId)) stream.clearance.next(seenBelow);
        else stream.revoked.next();
      }
    } catch (error) {
      // Unchecked streams stay open, but what they have not been cleared for waits.
      this.logger.warn(`Tokens of live streams not re-read: ${(error as Error).message}`);
    } finally {
      this.checking = false;
    }
  }
}
