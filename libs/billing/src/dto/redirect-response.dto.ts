import { ApiProperty } from '@nestjs/swagger';

/** Where to send the browser (Stripe Checkout or the Billing Portal). */
export class RedirectResponse {
  @ApiProperty()
  url!: string;
}
