import { ApiProperty } from '@nestjs/swagger';
import { FileItemResponse } from './file-item-response.dto';

export class FileListResponse {
  @ApiProperty({ example: '/Documents' })
  path!: string;

  @ApiProperty({ type: [FileItemResponse], description: 'Folders first, then files, by name' })
  items!: FileItemResponse[];

  @ApiProperty({ description: 'Entries in the folder, all pages together' })
  total!: number;

  @ApiProperty()
  limit!: number;

  @ApiProperty()
  offset!: number;
}
