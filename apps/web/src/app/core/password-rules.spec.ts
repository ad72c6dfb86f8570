import { passwordRules } from './password-rules';

const unmet = (password: string, email = 'maya@label.example') =>
  passwordRules(password, email)
    .filter((rule) => !rule.met)
    .map((rule) => rule.id);

describe('password rules (the API’s, checked as you type)', () => {
  it('accepts a long, varied password', () => {
    expect(unmet('correct horse battery')).toEqual([]);
  });

  it('asks for 10 characters, 4 different ones, no common password and not the email name', () => {
    expect(unmet('short')).toEqual(['length']);
    expect(unmet('abababababab')).toEqual(['variety']);
    expect(unmet('Password123')).toEqual(['common']);
    expect(unmet('hello-maya-2026')).toEqual(['email']);
  });
});
