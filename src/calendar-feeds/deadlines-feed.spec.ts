import { deadlinesFeed } from './deadlines-feed.js';

const feed = (language: Parameters<typeof deadlinesFeed>[0]['language']) =>
  deadlinesFeed({ processId: 'p-1', processTitle: 'Review 2020', deadlines: [], publicBaseUrl: 'https://tracker.example.org', language });

describe('deadlinesFeed', () => {
  it.each([
    ['en', 'Review 2020: deadlines'],
    ['fr', 'Review 2020 : échéances'],
    ['es', 'Review 2020: plazos'],
    ['ar', 'Review 2020: المواعيد النهائية'],
    ['zh', 'Review 2020：截止日期'],
    ['ru', 'Review 2020: сроки'],
  ] as const)('names the calendar in %s', (language, name) => {
    expect(feed(language)).toContain(`X-WR-CALNAME:${name}`);
  });
});
