import { ApiProperty } from '@nestjs/swagger';

export class AppPasswordCreatedResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  label!: string;

  @ApiProperty({
    example: 'k3vq-8m2d-x7ha-p0c4-rt5n-w9ej-6bsf-y1gz',
    description: 'Shown this once and never again; use it with the account email over HTTP Basic',
  })
  password!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}
