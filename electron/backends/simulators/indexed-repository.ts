// Medplum's MemoryRepository with an index for `identifier=system|value` searches. Its search evaluates
// FHIRPath over every stored resource of the type, so each conditional create (ifNoneExist) slows as the
// demo hospital fills up (≈ 200 ms per transaction after a few hundred patients). The router still decides
// conditional creates exactly as before; only the lookup is answered from the index.
import type { SearchRequest, WithId } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Resource } from '@medplum/fhirtypes';

function identifierKeys(r: Resource): string[] {
  const ids = (r as { identifier?: { system?: string; value?: string }[] }).identifier ?? [];
  return ids.filter((i) => i.value).flatMap((i) => [`${i.system ?? ''}|${i.value}`, `*|${i.value}`]);
}

export class IndexedMemoryRepository extends MemoryRepository {
  /** resourceType → "system|value" → ids */
  private readonly index = new Map<string, Map<string, Set<string>>>();

  private reindex(r: WithId<Resource>, add: boolean): void {
    let byKey = this.index.get(r.resourceType);
    if (!byKey) this.index.set(r.resourceType, (byKey = new Map()));
    for (const k of identifierKeys(r)) {
      let ids = byKey.get(k);
      if (!ids) byKey.set(k, (ids = new Set()));
      if (add) ids.add(r.id);
      else ids.delete(r.id);
    }
  }

  override async createResource<T extends Resource>(resource: T): Promise<WithId<T>> {
    const created = await super.createResource(resource);
    this.reindex(created as WithId<Resource>, true);
    return created;
  }

  override async updateResource<T extends Resource>(resource: T, options?: Parameters<MemoryRepository['updateResource']>[1]): Promise<WithId<T>> {
    if (resource.id) {
      const old = await this.readResource<T>(resource.resourceType, resource.id).catch(() => undefined);
      if (old?.id) this.reindex(old as WithId<Resource>, false);
    }
    const updated = await super.updateResource(resource, options);
    this.reindex(updated as WithId<Resource>, true);
    return updated;
  }

  override async deleteResource(resourceType: string, id: string): Promise<void> {
    const old = await this.readResource(resourceType, id).catch(() => undefined);
    await super.deleteResource(resourceType, id);
    if (old?.id) this.reindex(old as WithId<Resource>, false);
  }

  override async search<T extends Resource>(req: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    const f = req.filters ?? [];
    const plain = f.length === 1 && f[0].code === 'identifier' && (f[0].operator === 'eq' || f[0].operator === undefined) && !req.sortRules?.length && !req.offset;
    if (!plain) return super.search(req);
    const value = f[0].value;
    const key = value.includes('|') ? value : `*|${value}`;
    const ids = [...(this.index.get(req.resourceType)?.get(key) ?? [])];
    const found = await Promise.all(ids.map((id) => this.readResource<WithId<T>>(req.resourceType, id)));
    const entry = found.slice(0, req.count ?? found.length).map((resource) => ({ resource }));
    return { resourceType: 'Bundle', type: 'searchset', entry: entry.length ? entry : undefined, total: found.length };
  }
}
