import { sessionTokenOf } from './session-cookie';

describe('sessionTokenOf', () => {
  it('takes the bearer token first', () => {
    expect(
      sessionTokenOf({ headers: { authorization: 'Bearer abc', cookie: 'foyer_session=def' } }),
    ).toBe('abc');
    expect(sessionTokenOf({ headers: { authorization: 'bearer  abc ' } })).toBe('abc');
  });

  it('falls back to the cookie parsed by cookie-parser', () => {
    expect(sessionTokenOf({ headers: {}, cookies: { foyer_session: 'fromParser' } })).toBe(
      'fromParser',
    );
  });

  it('reads the Cookie header itself when cookie-parser is not there', () => {
    expect(sessionTokenOf({ headers: { cookie: 'theme=dark; foyer_session=tok%2Den; x=1' } })).toBe(
      'tok-en',
    );
  });

  it('ignores other schemes and empty values', () => {
    expect(sessionTokenOf({ headers: { authorization: 'Basic YTpi' } })).toBeNull();
    expect(sessionTokenOf({ headers: { authorization: 'Bearer' } })).toBeNull();
    expect(sessionTokenOf({ headers: { cookie: 'foyer_session=' } })).toBeNull();
    expect(sessionTokenOf({ headers: { cookie: 'foyer_session=%E0%A4%A' } })).toBeNull();
    expect(sessionTokenOf({ headers: {} })).toBeNull();
  });

  it('uses the cookie when the Authorization header is for something else', () => {
    expect(
      sessionTokenOf({ headers: { authorization: 'Basic YTpi', cookie: 'foyer_session=c' } }),
    ).toBe('c');
  });
});
