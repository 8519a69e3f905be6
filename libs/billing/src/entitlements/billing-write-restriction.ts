import { Injectable } from '@nestjs/common';
import { WriteRestriction, WriteRestrictionReason } from '@foyer/households';
import { BillingErrorCode } from '../billing-error-code';
import { BillingEntitlementsService } from './billing-entitlements.service';

/**
 * The households library's write-restriction port: a household that is over quota or whose
 * payment is overdue past the grace period refuses writes (export and reads go on).
 */
@Injectable()
export class BillingWriteRestriction extends WriteRestriction {
  constructor(private readonly entitlements: BillingEntitlementsService) {
    super();
  }

  async restrictionOf(householdId: string): Promise<WriteRestrictionReason | null> {
    const { readOnly } = await this.entitlements.of(householdId);
    switch (readOnly) {
      case 'PAYMENT_REQUIRED':
        return {
          status: 402,
          code: BillingErrorCode.PaymentRequired,
          message:
            'The last payment failed and the grace period is over: the household can be read ' +
            'and exported, and changed again once the invoice is paid',
        };
      case 'OVER_QUOTA':
        return {
          status: 409,
          code: BillingErrorCode.OverQuota,
          message:
            'The household stores more than its plan allows: it can be read and exported, and ' +
            'changed again once its usage fits or the plan grows (nothing is deleted)',
        };
      default:
        return null;
    }
  }
}
