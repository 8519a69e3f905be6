import { ApiProperty } from '@nestjs/swagger';
import type { ExportRow } from '../repositories/export.repository';

export class ExportProgressResponse {
  @ApiProperty() entriesDone!: number;
  @ApiProperty() entryTotal!: number;
  @ApiProperty() bytesDone!: number;
  @ApiProperty() byteTotal!: number;
}

export class ExportAcceptedResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['queued', 'running', 'ready', 'failed', 'expired'] }) status!: string;
}

export class ExportResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['queued', 'running', 'ready', 'failed', 'expired'] }) status!: string;
  @ApiProperty({ enum: ['household', 'member'] }) scope!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestedBy!: string | null;
  @ApiProperty({ type: ExportProgressResponse }) progress!: ExportProgressResponse;
  @ApiProperty({ nullable: true, type: Number, description: 'Bytes of the archive, once ready' })
  size!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the archive, once ready' })
  sha256!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) readyAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why the last attempt failed (a retry may follow while `queued`)',
  })
  error!: string | null;

  static of(row: ExportRow): ExportResponse {
    return {
      id: row.id,
      status: row.status,
      scope: row.scope,
      requestedBy: row.requestedBy,
      progress: { ...row.progress },
      size: row.size,
      sha256: row.sha256,
      createdAt: row.createdAt.toISOString(),
      readyAt: row.readyAt?.toISOString() ?? null,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      error: row.error,
    };
  }
}
