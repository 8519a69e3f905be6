import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, isISO8601, isUUID, Max, Min, ValidateBy } from 'class-validator';

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

export class AuditQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: AUDIT_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({
    description:
      'Only events older than this: the id of the last event of the previous page (exact ' +
      'paging), or an ISO 8601 timestamp',
  })
  @IsOptional()
  @ValidateBy({
    name: 'isAuditCursor',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && (isUUID(value) || isISO8601(value, { strict: true })),
      defaultMessage: () => 'before must be an event id or an ISO 8601 timestamp',
    },
  })
  before?: string;
}
