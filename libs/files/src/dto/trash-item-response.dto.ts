import { ApiProperty } from '@nestjs/swagger';
import { TrashItem } from '../services/file-item';

export class TrashItemResponse {
  @ApiProperty({ format: 'uuid', description: 'For restore: POST .../files/trash/:id/restore' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ['file', 'folder'] })
  kind!: 'file' | 'folder';

  @ApiProperty({ description: 'Bytes, everything inside a folder included' })
  size!: number;

  @ApiProperty({ description: 'Where it was when it was deleted', example: '/Documents/a.txt' })
  originalPath!: string;

  @ApiProperty()
  trashedAt!: string;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  trashedBy!: string | null;

  static of(item: TrashItem): TrashItemResponse {
    return {
      id: item.node.id,
      name: item.node.name,
      kind: item.node.kind,
      size: item.totalSize,
      originalPath: item.originalPath,
      trashedAt: (item.node.trashedAt ?? new Date(0)).toISOString(),
      trashedBy: item.node.trashedBy,
    };
  }
}
