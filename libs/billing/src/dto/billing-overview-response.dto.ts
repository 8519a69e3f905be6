import { ApiProperty } from '@nestjs/swagger';
import { PlanResponse } from './plan-response.dto';

export class InvoiceResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty({ type: String, nullable: true })
  number!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'paid' })
  status!: string | null;

  @ApiProperty({ description: 'Minor unit (cents)' })
  amountDue!: number;

  @ApiProperty()
  amountPaid!: number;

  @ApiProperty()
  currency!: string;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty({ type: String, nullable: true })
  hostedInvoiceUrl!: string | null;
}

/** Named apart from the files library's UsageResponse: OpenAPI schemas share one namespace. */
export class BillingUsageResponse {
  @ApiProperty({
    description:
      'Bytes stored, as the usage meter reports them (0 until the files library meters usage)',
  })
  bytes!: number;

  @ApiProperty({ type: Number, nullable: true })
  quotaBytes!: number | null;

  @ApiProperty()
  seatsUsed!: number;

  @ApiProperty({ type: Number, nullable: true })
  seats!: number | null;
}

export class BillingOverviewResponse {
  @ApiProperty({ type: PlanResponse })
  plan!: PlanResponse;

  @ApiProperty({
    description:
      'none (never subscribed), a Stripe subscription status (active, trialing, past_due, ...), ' +
      'canceled, or self_hosted (billing off)',
  })
  status!: string;

  @ApiProperty({ type: String, nullable: true })
  currentPeriodEnd!: string | null;

  @ApiProperty()
  cancelAtPeriodEnd!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'While past due: when writes stop' })
  graceEndsAt!: string | null;

  @ApiProperty({ type: String, nullable: true, enum: ['OVER_QUOTA', 'PAYMENT_REQUIRED'] })
  readOnly!: string | null;

  @ApiProperty({ type: BillingUsageResponse })
  usage!: BillingUsageResponse;

  @ApiProperty({
    type: [InvoiceResponse],
    nullable: true,
    description: 'The most recent first (at most 10); null while Stripe cannot be reached',
  })
  invoices!: InvoiceResponse[] | null;
}
