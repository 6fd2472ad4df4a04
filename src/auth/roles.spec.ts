import { cappedRole } from './roles.js';

describe('cappedRole', () => {
  it("keeps the token's role while the owner's covers it", () => {
    expect(cappedRole('admin', 'auditor')).toBe('auditor');
    expect(cappedRole('editor', 'editor')).toBe('editor');
  });

  it("lowers the token to its owner's role when that is less", () => {
    expect(cappedRole('viewer', 'editor')).toBe('viewer');
    expect(cappedRole('auditor', 'admin')).toBe('auditor');
  });

  it('leaves only reading when neither role covers the other', () => {
    expect(cappedRole('editor', 'auditor')).toBe('viewer');
    expect(cappedRole('auditor', 'editor')).toBe('viewer');
  });
});
