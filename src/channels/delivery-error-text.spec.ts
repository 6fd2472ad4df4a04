import { redactDeliveryError } from './delivery-error-text.js';

describe('redactDeliveryError', () => {
  it.each([
    ['webhook host resolves to 127.0.0.1, a loopback address', 'webhook host resolves to <ip>, a loopback address'],
    ['e-mail not sent: connect ECONNREFUSED 10.1.2.3:25', 'e-mail not sent: connect ECONNREFUSED <ip>:25'],
    ['connect ECONNREFUSED ::1:25', 'connect ECONNREFUSED <ip>'],
    ['connect ETIMEDOUT [fd12:3456::1]:587', 'connect ETIMEDOUT <ip>:587'],
    ['resolved to ::ffff:169.254.169.254', 'resolved to <ip>'],
    ['resolved to fe80::1%eth0', 'resolved to <ip>'],
    ['e-mail not sent: getaddrinfo ENOTFOUND mailhost', 'e-mail not sent: getaddrinfo ENOTFOUND <host>'],
    ['Greeting never received from smtp.internal.example.org', 'Greeting never received from <host>'],
    ['550 5.1.1 <o.brien@mail.ishr.ch>: No such user', '550 5.1.1 <address>: No such user'],
    ['No such user jane@example.org here', 'No such user <address> here'],
  ])('%j is stored as %j', (text, stored) => {
    expect(redactDeliveryError(text)).toBe(stored);
  });

  it.each([
    ['webhook receiver answered 500'],
    ['webhook receiver did not answer within 10000 ms'],
    ['webhook receiver failed: ECONNRESET'],
    ['e-mail not sent: 451 4.7.1 try again at 12:30:45'],
    ['the deadline was met'],
  ])('%j says nothing to hide and stays as it is', (text) => {
    expect(redactDeliveryError(text)).toBe(text);
  });
});
