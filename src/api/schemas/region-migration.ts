/** `/admin/region-migration` success answer (API.md §1.6). */
import { z } from 'zod';
import type { RegionMigrationSubmitted } from '../../domain/cluster-types';

/** `null` means the region's leader already is the target: nothing was submitted. */
export const RegionMigrationAnswerSchema = z
  .object({ procedure_id: z.string().nullable() })
  .transform((a): RegionMigrationSubmitted => ({ procedureId: a.procedure_id }));
