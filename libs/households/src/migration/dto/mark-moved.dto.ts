import { ApiProperty } from '@nestjs/swagger';
import { IsUrl, MaxLength } from 'class-validator';

export class MarkMovedDto {
  @ApiProperty({
    example: 'https://foyer.martin-family.org/h/the-martins',
    description: "The household's new address, shown to its members here",
  })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'newAddress must be an http(s) address' },
  )
  @MaxLength(2048)
  newAddress!: string;
}
