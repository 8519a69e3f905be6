import { FoyerError } from '@foyer/core';
import { decodeCursor, encodeCursor } from './rest-cursor';

describe('rest cursors', () => {
  it('round-trips a position for the same listing', () => {
    const cursor = encodeCursor('contacts:a:', ['ada', 'id-1']);
    expect(decodeCursor('contacts:a:', cursor, 2)).toEqual(['ada', 'id-1']);
  });

  it.each([
    ['another listing', encodeCursor('contacts:b:', ['ada', 'id-1'])],
    ['another arity', encodeCursor('contacts:a:', ['ada'])],
    ['not base64 JSON', 'garbage!'],
    ['JSON of another shape', Buffer.from('{"a":1}').toString('base64url')],
    ['objects inside', Buffer.from('["contacts:a:",{},1]').toString('base64url')],
  ])('refuses %s with 400 INVALID_CURSOR', (_label, cursor) => {
    expect(() => decodeCursor('contacts:a:', cursor, 2)).toThrow(FoyerError);
    try {
      decodeCursor('contacts:a:', cursor, 2);
    } catch (error) {
      expect((error as FoyerError).code).toBe('INVALID_CURSOR');
      expect((error as FoyerError).status).toBe(400);
    }
  });
});
