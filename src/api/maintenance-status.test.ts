import { describe, expect, it } from 'vitest';
import { MaintenanceStatusSchema } from './migrations-api';

describe('MaintenanceStatusSchema', () => {
  it('reads v0.7.2 sentences and the JSON of later versions', () => {
    expect(MaintenanceStatusSchema.parse('Maintenance mode is enabled')).toBe(true);
    expect(MaintenanceStatusSchema.parse('Maintenance mode disabled')).toBe(false);
    expect(MaintenanceStatusSchema.parse('{"enabled":true}')).toBe(true);
    expect(MaintenanceStatusSchema.parse('{"enabled":false}')).toBe(false);
  });

  it('refuses anything else with one clear message', () => {
    for (const text of ['', 'enabled', '{"enabled":"yes"}', '<html>']) {
      const result = MaintenanceStatusSchema.safeParse(text);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/maintenance status/);
    }
  });
});
