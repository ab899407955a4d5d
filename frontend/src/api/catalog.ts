import {
  AddSource,
  Home,
  Listing,
  RemoveSource,
  Search,
  SetSourceTrusted,
  Sources,
  Status,
  SyncNow,
} from '../../wailsjs/go/catalog/Service';
import { catalog } from '../../wailsjs/go/models';
import { requireBridge } from './bridge';
import { call } from './errors';

export type AppCard = catalog.Card;
export type AppListing = catalog.Listing;
export type CatalogHome = catalog.Home;
export type Category = catalog.Category;
export type SearchResults = catalog.Results;
export type CatalogSource = catalog.Source;
export type SourceResult = catalog.SourceResult;
export type EntryProblem = catalog.EntryProblem;
export type SyncStatus = catalog.SyncStatus;
export type Scope = catalog.Scope;

export type AppType = '' | 'user' | 'account';
export type SortOrder = '' | 'relevance' | 'popularity' | 'rating' | 'name' | 'newest';

/** A search with its filters; every field is optional. */
export interface SearchQuery {
  text?: string;
  category?: string;
  /** A developer's name exactly: their apps (browsing; text is ignored with it). */
  developer?: string;
  type?: AppType;
  preApprovedOnly?: boolean;
  installedOnly?: boolean;
  sort?: SortOrder;
  offset?: number;
  limit?: number;
}

/** Categories, popular and recently updated apps: what Discover opens with. */
export function getHome(): Promise<CatalogHome> {
  return call(() => {
    requireBridge();
    return Home();
  });
}

/** One page of apps matching the query; Go applies the defaults. */
export function searchApps(query: SearchQuery): Promise<SearchResults> {
  return call(() => {
    requireBridge();
    return Search(
      catalog.Query.createFrom({
        text: query.text ?? '',
        category: query.category ?? '',
        developer: query.developer ?? '',
        type: query.type ?? '',
        preApprovedOnly: query.preApprovedOnly ?? false,
        installedOnly: query.installedOnly ?? false,
        sort: query.sort ?? '',
        offset: query.offset ?? 0,
        limit: query.limit ?? 0,
      }),
    );
  });
}

/** One app's detail page; rejects with code not_found for an unknown id. */
export function getListing(id: string): Promise<AppListing> {
  return call(() => {
    requireBridge();
    return Listing(id);
  });
}

export function listSources(): Promise<CatalogSource[]> {
  return call(async () => {
    requireBridge();
    return (await Sources()) ?? [];
  });
}

/** Adds an https feed URL or a feed file and imports it. */
export function addSource(location: string): Promise<SourceResult> {
  return call(() => {
    requireBridge();
    return AddSource(location);
  });
}

export function removeSource(id: number): Promise<void> {
  return call(() => {
    requireBridge();
    return RemoveSource(id);
  });
}

/** Marks a source trusted (its developers show as verified) or not; managers only. */
export function setSourceTrusted(id: number, trusted: boolean): Promise<CatalogSource> {
  return call(() => {
    requireBridge();
    return SetSourceTrusted(id, trusted);
  });
}

/** Starts a background sync of every source; progress arrives through onSyncStatus. */
export function syncNow(): Promise<SyncStatus> {
  return call(() => {
    requireBridge();
    return SyncNow();
  });
}

export function getSyncStatus(): Promise<SyncStatus> {
  return call(() => {
    requireBridge();
    return Status();
  });
}
