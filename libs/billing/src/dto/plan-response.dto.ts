import { ApiProperty } from '@nestjs/swagger';

export class PlanResponse {
  @ApiProperty({ enum: ['free', 'family', 'family_plus', 'self_hosted'] })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'Per month, in the minor unit of the currency (cents)' })
  monthlyPrice!: number;

  @ApiProperty({ example: 'eur' })
  currency!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Null: no limit' })
  storageQuotaBytes!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Members plus pending invites' })
  seats!: number | null;

  @ApiProperty({ description: 'A checkout can be started for it (paid, with a Stripe price)' })
  purchasable!: boolean;
}

export class PlansResponse {
  @ApiProperty({ description: 'False on an instance without billing (self-hosting)' })
  billingEnabled!: boolean;

  @ApiProperty({ type: [PlanResponse] })
  plans!: PlanResponse[];
}
