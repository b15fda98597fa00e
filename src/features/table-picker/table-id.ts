/**
 * Validates what the user typed as a table id. MetaSrv wants a u32 (`table_id` query param);
 * each mistake gets its own message so the user knows what to fix, and nothing invalid is
 * ever sent.
 */
import { splitRegionId } from '../../../contract/region-id';

export const U32_MAX = 4_294_967_295;
const U64_MAX = 0xffff_ffff_ffff_ffffn;

export type TableIdCheck = { ok: true; tableId: string } | { ok: false; message: string };

export function checkTableId(input: string): TableIdCheck {
  // Surrounding spaces are a copy-paste accident, not a different id.
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Enter a table ID, for example 1024.' };
  if (/^-\s*\d+(\.\d+)?$/.test(text)) {
    return { ok: false, message: 'A table ID cannot be negative. Table IDs are 0 to 4294967295.' };
  }
  if (/^\+\d+$/.test(text)) {
    return { ok: false, message: `Remove the plus sign: write ${text.slice(1)}.` };
  }
  if (/^\d*[.,]\d+$/.test(text) || /^\d+[.,]$/.test(text)) {
    return { ok: false, message: 'A table ID is a whole number: remove the decimal part.' };
  }
  if (/^\d+(\.\d+)?e\d+$/i.test(text)) {
    return { ok: false, message: 'Write the table ID in plain digits, without an exponent.' };
  }
  if (/\s/.test(text) && /^[\d\s]+$/.test(text)) {
    return { ok: false, message: 'Remove the spaces inside the number.' };
  }
  if (!/^\d+$/.test(text)) {
    return {
      ok: false,
      message: `“${text}” is not a number. A table ID uses digits only, for example 1024.`,
    };
  }
  if (text.length > 1 && text.startsWith('0')) {
    const canonical = text.replace(/^0+(?=\d)/, '');
    return { ok: false, message: `Remove the leading zeros: write ${canonical}.` };
  }
  const value = BigInt(text);
  if (value > BigInt(U32_MAX)) {
    return { ok: false, message: tooLargeMessage(value) };
  }
  return { ok: true, tableId: text };
}

function tooLargeMessage(value: bigint): string {
  const base = `Too large: a table ID is at most ${U32_MAX} (an unsigned 32-bit number).`;
  if (value > U64_MAX) return base;
  // People paste region ids here; say which table that region belongs to.
  const { tableId, regionNumber } = splitRegionId(value);
  return `${base} ${value.toString()} looks like a region ID: region ${regionNumber} of table ${tableId}.`;
}
