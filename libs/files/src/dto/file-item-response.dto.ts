import { ApiProperty } from '@nestjs/swagger';
import { etagOf, FileItem } from '../services/file-item';

export class FileItemResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'notes.txt' })
  name!: string;

  @ApiProperty({ example: '/Documents/notes.txt' })
  path!: string;

  @ApiProperty({ enum: ['file', 'folder'] })
  kind!: 'file' | 'folder';

  @ApiProperty({ description: 'Bytes (0 for a folder)' })
  size!: number;

  @ApiProperty({ nullable: true, type: String, description: 'Hex SHA-256 of a file' })
  sha256!: string | null;

  @ApiProperty({ nullable: true, type: String })
  contentType!: string | null;

  @ApiProperty({ description: 'Strong entity tag, as in ETag', example: '"3f1c..."' })
  etag!: string;

  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Who created it' })
  createdBy!: string | null;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  modifiedAt!: string;

  static of(item: FileItem): FileItemResponse {
    const { node } = item;
    return {
      id: node.id,
      name: node.name,
      path: item.path,
      kind: node.kind,
      size: node.size,
      sha256: node.sha256,
      contentType: node.contentType,
      etag: etagOf(node),
      createdBy: node.createdBy,
      createdAt: node.createdAt.toISOString(),
      modifiedAt: node.modifiedAt.toISOString(),
    };
  }
}
