/** `/admin/catalogs`, `/admin/schemas`, `/admin/tables`: JSON arrays of names (API.md §1.9). */
import { z } from 'zod';

export const NameListSchema = z.array(z.string());
