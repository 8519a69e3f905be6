export { PortabilityModule } from './portability.module';
export { PortabilityRegistry } from './portability-registry';
export { PortableSectionProvider } from './portable-section.decorator';
export type {
  ArchiveEntryIn,
  ArchiveEntryOut,
  ArchiveReader,
  ExportScope,
  PortableSection,
  RestoreTarget,
  SectionRestoreReport,
  SectionSnapshot,
  SnapshotChange,
} from './portable-section';
export { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, MANIFEST_PATH } from './export-manifest';
export type { ExportManifest, ManifestEntry } from './export-manifest';
export { JsonLinesSpool } from './json-lines-spool';
export { ArchiveFieldCheck } from './archive-field-check';
export { archiveLines } from './archive-lines';
export type { ArchiveFieldProblem, TextRule } from './archive-field-check';
