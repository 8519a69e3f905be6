import { SetMetadata } from '@nestjs/common';

/** Reflect-metadata key under which `@PortableSectionProvider()` marks a provider class. */
export const PORTABLE_SECTION_METADATA = 'foyer:portability:section';

/**
 * Marks an `@Injectable()` class implementing `PortableSection` so that the portability registry
 * finds it at boot. Any module of the application may provide sections; the registry refuses two
 * sections with the same id.
 */
export const PortableSectionProvider = (): ClassDecorator =>
  SetMetadata(PORTABLE_SECTION_METADATA, true);
