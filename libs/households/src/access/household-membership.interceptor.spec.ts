import { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { FoyerError } from '@foyer/core';
import { HouseholdAccessService } from './household-access.service';
import { HouseholdMembershipInterceptor } from './household-membership.interceptor';

function contextOf(request: object, type = 'http'): ExecutionContext {
  return {
    getType: () => type,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

function setUp(member: boolean) {
  const access = {
    resolve: jest.fn(async () => {
      if (!member) throw new FoyerError(404, 'HOUSEHOLD_NOT_FOUND', 'No such household');
      return {};
    }),
  };
  const handler: CallHandler = { handle: jest.fn(() => of('handled')) };
  const interceptor = new HouseholdMembershipInterceptor(
    access as unknown as HouseholdAccessService,
  );
  return { access, handler, interceptor };
}

const user = { id: 'user-1' };

describe('HouseholdMembershipInterceptor', () => {
  it('lets a member through to the handler', async () => {
    const { access, handler, interceptor } = setUp(true);
    const result = await interceptor.intercept(
      contextOf({ params: { hid: 'smiths' }, user }),
      handler,
    );
    await expect(lastValueFrom(result)).resolves.toBe('handled');
    expect(access.resolve).toHaveBeenCalledWith('user-1', 'smiths');
  });

  it('stops a non-member with 404 before the handler (and its validation) runs', async () => {
    const { handler, interceptor } = setUp(false);
    await expect(
      interceptor.intercept(contextOf({ params: { hid: 'smiths' }, user }), handler),
    ).rejects.toMatchObject({ status: 404, code: 'HOUSEHOLD_NOT_FOUND' });
    expect(handler.handle).not.toHaveBeenCalled();
  });

  it('leaves routes without :hid, and callers without a session (public routes), alone', async () => {
    const { access, handler, interceptor } = setUp(false);
    await interceptor.intercept(contextOf({ params: { id: 'x' }, user }), handler);
    await interceptor.intercept(contextOf({ params: { hid: 'smiths' } }), handler);
    await interceptor.intercept(contextOf({}, 'rpc'), handler);
    expect(access.resolve).not.toHaveBeenCalled();
    expect(handler.handle).toHaveBeenCalledTimes(3);
  });
});
