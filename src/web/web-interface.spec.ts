import { isPageRoute } from './web-interface.js';

describe('the page routes the web interface answers', () => {
  const id = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it.each(['/', '/audit', '/admin', '/profile', `/processes/${id}`, `/processes/${id}/building-blocks`, `/processes/${id}/deadlines`, `/processes/${id}/import`])('%s is a page', (path) => {
    expect(isPageRoute(path)).toBe(true);
  });

  it.each(['/api/processes', `/api/processes/${id}`, '/docs', '/health', '/metrics', '/processes', `/processes/${id}/timeline.csv`, `/processes/${id}/imports`, '/processes/not-an-id', '/audit/verify', '/admin/people', '/profile/tokens'])(
    '%s is left to the API',
    (path) => {
      expect(isPageRoute(path)).toBe(false);
    },
  );
});
