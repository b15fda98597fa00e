/**
 * The "Migrations" tray: every migration in flight (and those finished in the last minutes),
 * from the server's record, visible whatever else is on screen. It is also what keeps the
 * grid current while migrations run: each change to a record re-reads the routes.
 *
 * It is docked: a band across the window's bottom edge, like an app shell's footer, never a
 * panel floating over the page. Its height is published as TRAY_HEIGHT_VARIABLE, by which the
 * shell (src/app/app.module.css) pads the page's end and the scroll padding, so whatever is
 * scrolled into view (by the user, by focus or by a link) stops above the tray.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Badge,
  Button,
  CloseButton,
  Container,
  Group,
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
  // Open, it shows one line (the newest in-flight migration, else the newest one) until the user
  // asks for the list; collapsed, only a badge; dismissed, nothing until a new migration starts.
  const [isListOpen, setIsListOpen] = useState(false);
  const [isCollapsed, setIsCollapsed] = useState(false);
  const [dismissedIds, setDismissedIds] = useState<ReadonlySet<string> | null>(null);
  const [expandedId, setExpandedId] = useState<string | null>(null);
  const { retry, isRetrying } = useRetryMigration(clusterId);
  const migrations = list.data?.migrations ?? [];
  const inFlight = migrations.filter(isInFlight);
  const latest = inFlight[0] ?? migrations[0];
  const now = useNow(1_000, inFlight.length > 0);
  const serverNowMs = (list.data?.nowMs ?? now) + (now - list.dataUpdatedAt);
  const isDismissed = dismissedIds !== null && migrations.every((m) => dismissedIds.has(m.id));

  const signature = progressSignature(list.data);
  const lastSignature = useRef(signature);
  useEffect(() => {
    if (signature === lastSignature.current) return;
    lastSignature.current = signature;
    void queryClient.invalidateQueries({ queryKey: routeQueries.all(clusterId) });
  }, [signature, clusterId, queryClient]);

  const trayRef = usePublishedHeight();
  // Collapsing or expanding replaces the focused button: focus follows to its counterpart.
  const focusOnMount = useRef(false);
  const takeFocus = useCallback((element: HTMLElement | null) => {
    if (element === null || !focusOnMount.current) return;
    focusOnMount.current = false;
    element.focus();
  }, []);

  if (migrations.length === 0 || isDismissed) return null;

  const summary =
    inFlight.length > 0 ? `${inFlight.length} in flight` : `${migrations.length} recent`;

  return (
    <aside
      ref={trayRef}
      aria-label="Migrations"
      className={classes.tray}
      data-collapsed={isCollapsed || undefined}
    >
      <Container size="xl" className={classes.band}>
        {isCollapsed ? (
          <Button
            size="sm"
            radius="xl"
            variant="filled"
            color={inFlight.length > 0 ? 'indigo' : 'gray'}
            aria-expanded={false}
            data-testid="tray-badge"
            ref={takeFocus}
            onClick={() => {
              focusOnMount.current = true;
              setIsCollapsed(false);
            }}
          >
            Migrations: {summary}
          </Button>
        ) : (
          <div>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Group gap="xs" wrap="nowrap" className={classes.heading}>
                <Text fw={600} size="sm">
                  Migrations
                </Text>
                {inFlight.length > 0 && (
                  <Badge size="sm" color="indigo" data-testid="in-flight-count">
                    {inFlight.length} in flight
                  </Badge>
                )}
                {!isListOpen && latest !== undefined && (
                  <Text
                    size="xs"
                    truncate="end"
                    className={classes.latest}
                    data-testid="tray-latest"
                  >
                    {headline(latest)}
                  </Text>
                )}
              </Group>
              <Group gap={4} wrap="nowrap">
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => {
                    setIsListOpen(!isListOpen);
                  }}
                  aria-expanded={isListOpen}
                >
                  {isListOpen ? 'Hide list' : `Show all (${migrations.length})`}
                </Button>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  aria-expanded
                  ref={takeFocus}
                  onClick={() => {
                    focusOnMount.current = true;
                    setIsCollapsed(true);
                  }}
                >
                  Collapse
                </Button>
                <CloseButton
                  size="sm"
                  aria-label="Dismiss the migrations tray until a new migration starts"
                  onClick={() => {
                    setDismissedIds(new Set(migrations.map((m) => m.id)));
                  }}
                />
              </Group>
            </Group>
            {isListOpen && (
              <ScrollArea.Autosize mah="min(360px, 40vh)" mt="xs">
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
          </div>
        )}
      </Container>
    </aside>
  );
}

/** The tray's height on the root element, for the shell's padding; unset while no tray shows. */
const TRAY_HEIGHT_VARIABLE = '--migrations-tray-height';

/**
 * Keeps TRAY_HEIGHT_VARIABLE equal to the tray's height whatever its state (a badge, one line,
 * or the open list), and removes it with the tray. Set through the CSSOM, which the
 * Content-Security-Policy allows, rather than a re-render per resize.
 */
function usePublishedHeight() {
  const observer = useRef<ResizeObserver | null>(null);
  return useCallback((element: HTMLElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    const root = document.documentElement.style;
    if (element === null) {
      root.removeProperty(TRAY_HEIGHT_VARIABLE);
      return;
    }
    observer.current = new ResizeObserver(() => {
      root.setProperty(TRAY_HEIGHT_VARIABLE, `${String(element.offsetHeight)}px`);
    });
    observer.current.observe(element);
  }, []);
}
