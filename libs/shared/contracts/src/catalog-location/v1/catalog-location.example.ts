// Example catalog location.
import type { CatalogLocationV1 } from './catalog-location.schema';

export const catalogLocationV1Example = {
  locationId: 'S001',
  name: 'Berlin Mitte',
  kind: 'store',
  timezone: 'Europe/Berlin',
  region: 'de-east',
  active: true,
  updatedAt: '2025-01-05T08:00:00Z',
} satisfies CatalogLocationV1;
