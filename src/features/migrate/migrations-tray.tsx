/**
 * The "Migrations" tray: every migration in flight (and those finished in the last minutes),
 * from the server's record, visible whatever else is on screen. It is also what keeps the
 * grid current while migrations run: each change to a record re-reads the routes.
 */
import { useEffect, useRef, useState } from 'react';
import {
  Badge,
  Button,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNow } from '../../components/use-now';
import { isInFlight, type MigrationListAnswer } from '../../../contract/tracked-migration';
import { useRefreshInterval } from '../../preferences/refresh-interval';
import { routeQueries } from '../../queries/route-queries';
import {
  migrationPollInterval,
  trackedMigrationQueries,
} from '../../queries/tracked-migration-queries';
import { headline, TrackedMigrationView } from './tracked-migration-view';
import { useRetryMigration } from './use-retry-migration';
import classes from './migrations-tray.module.css';

/** A fingerprint of what the grid cares about: states seen and phases. */
function progressSignature(answer: MigrationListAnswer | undefined): string {
  return (answer?.migrations ?? []).map((m) => `${m.id}:${m.phase}:${m.states.length}`).join('|');
}

export function MigrationsTray({ clusterId }: { clusterId: string }) {
  const queryClient = useQueryClient();
  const idleInterval = useRefreshInterval();
  const list = useQuery({
    ...trackedMigrationQueries.list(clusterId, 'recent'),
    refetchInterval: migrationPollInterval(idleInterval),
  });
  // Collapsed by default: the tray floats over the page, so open it shows at most one line
  // (the newest in-flight migration, else the newest one) until the user asks for the list.
  const [isOpen, setIsOpen] = useState(false);
  const [expandedId, setExpandedId] = useState<string | null>(null);
  const { retry, isRetrying } = useRetryMigration(clusterId);
  const migrations = list.data?.migrations ?? [];
  const inFlight = migrations.filter(isInFlight);
  const latest = inFlight[0] ?? migrations[0];
  const now = useNow(1_000, inFlight.length > 0);
  const serverNowMs = (list.data?.nowMs ?? now) + (now - list.dataUpdatedAt);

  const signature = progressSignature(list.data);
  const lastSignature = useRef(signature);
  useEffect(() => {
    if (signature === lastSignature.current) return;
    lastSignature.current = signature;
    void queryClient.invalidateQueries({ queryKey: routeQueries.all(clusterId) });
  }, [signature, clusterId, queryClient]);

  if (migrations.length === 0) return null;

  return (
    <>
      {/* The tray floats over the page's bottom right; the page ends with room for it, so
          scrolled to the end, nothing is left underneath it. */}
      <div className={classes.pageEnd} aria-hidden />
      <aside aria-label="Migrations" className={classes.tray}>
        <Paper shadow="md" withBorder p="sm" radius="md">
          <Group justify="space-between" gap="xs">
            <Group gap="xs">
              <Text fw={600} size="sm">
                Migrations
              </Text>
              {inFlight.length > 0 && (
                <Badge size="sm" color="indigo" data-testid="in-flight-count">
                  {inFlight.length} in flight
                </Badge>
              )}
            </Group>
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => {
                setIsOpen(!isOpen);
              }}
              aria-expanded={isOpen}
            >
              {isOpen ? 'Hide list' : `Show all (${migrations.length})`}
            </Button>
          </Group>
          {!isOpen && latest !== undefined && (
            <Text size="xs" mt={4} data-testid="tray-latest">
              {headline(latest)}
            </Text>
          )}
          {isOpen && (
            <ScrollArea.Autosize mah={360} mt="xs">
              <Stack gap="xs">
                {migrations.map((m) => (
                  <div key={m.id} className={classes.item} data-testid="tray-item">
                    <UnstyledButton
                      className={classes.itemButton}
                      aria-expanded={expandedId === m.id}
                      onClick={() => {
                        setExpandedId(expandedId === m.id ? null : m.id);
                      }}
                    >
                      <Text size="xs">{headline(m)}</Text>
                    </UnstyledButton>
                    {expandedId === m.id && (
                      <TrackedMigrationView
                        migration={m}
                        serverNowMs={serverNowMs}
                        isRetrying={isRetrying}
                        onRetry={() => {
                          void retry(m).then((next) => {
                            if (next !== null) setExpandedId(next.id);
                          });
                        }}
                        onRetryTo={(toPeerId) => {
                          void retry(m, toPeerId).then((next) => {
                            if (next !== null) setExpandedId(next.id);
                          });
                        }}
                      />
                    )}
                  </div>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
        </Paper>
      </aside>
    </>
  );
}
