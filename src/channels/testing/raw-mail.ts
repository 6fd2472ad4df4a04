/** Just enough MIME reading for tests to assert on what nodemailer wrote, without a parser dependency. */

export interface MailPart {
  headers: string;
  contentType: string;
  body: string;
}

const unfold = (headers: string) => headers.replace(/\r\n[ \t]+/g, ' ');

function decodeQuotedPrintable(text: string): Buffer {
  const s = text.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s.slice(i + 1, i + 3);
    if (s[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(s.charCodeAt(i));
    }
  }
  return Buffer.from(bytes);
}

/** A top-level header, unfolded and with RFC 2047 encoded words decoded. */
export function mailHeader(raw: string, name: string): string | undefined {
  const head = unfold(raw.slice(0, raw.indexOf('\r\n\r\n')));
  const value = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1];
  return value
    ?.replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, encoding: string, word: string) => {
      const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(word, 'base64') : decodeQuotedPrintable(word.replace(/_/g, ' '));
      return bytes.toString('utf8');
    });
}

/** The leaf parts of a multipart message, bodies decoded. */
export function mailParts(raw: string): MailPart[] {
  const boundaries = [...raw.matchAll(/boundary="([^"]+)"/g)].map((m) => m[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const separator = new RegExp(`\\r\\n--(?:${boundaries.join('|')})(?:--)?(?:\\r\\n|$)`);
  return raw
    .split(separator)
    .slice(1)
    .flatMap((chunk) => {
      const split = chunk.indexOf('\r\n\r\n');
      if (split < 0) return [];
      const headers = unfold(chunk.slice(0, split));
      const contentType = /^content-type:\s*(.*)$/im.exec(headers)?.[1];
      if (!contentType || contentType.startsWith('multipart/')) return [];
      const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1].toLowerCase();
      const encoded = chunk.slice(split + 4);
      const body =
        encoding === 'base64'
          ? Buffer.from(encoded, 'base64')
          : encoding === 'quoted-printable'
            ? decodeQuotedPrintable(encoded)
            : Buffer.from(encoded);
      return [{ headers, contentType, body: body.toString('utf8') }];
    });
}
