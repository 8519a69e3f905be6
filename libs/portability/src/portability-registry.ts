import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { PortableSection } from './portable-section';
import { PORTABLE_SECTION_METADATA } from './portable-section.decorator';

/** Every `PortableSection` of the application, found once at boot, in archive order. */
@Injectable()
export class PortabilityRegistry implements OnApplicationBootstrap {
  private found: readonly PortableSection[] | undefined;

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.sections();
  }

  sections(): readonly PortableSection[] {
    this.found ??= this.discover();
    return this.found;
  }

  section(id: string): PortableSection | undefined {
    return this.sections().find((section) => section.id === id);
  }

  private discover(): readonly PortableSection[] {
    const byId = new Map<string, PortableSection>();
    const seen = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      if (!wrapper.metatype || !Reflect.getMetadata(PORTABLE_SECTION_METADATA, wrapper.metatype)) {
        continue;
      }
      seen.add(instance);
      const section = instance as PortableSection;
      const existing = byId.get(section.id);
      if (existing && existing !== section) {
        throw new Error(
          `Two portable sections share the id "${section.id}": ${existing.constructor.name} and ${section.constructor.name}`,
        );
      }
      byId.set(section.id, section);
    }
    return [...byId.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  }
}
