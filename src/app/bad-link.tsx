/**
 * What a link the console cannot show gets instead of a page: a message naming the parameter
 * and what is wrong with it, and a way back to the overview. The router renders these for
 * parameters its schemas refuse (route-params.ts), for the checks that need more than one
 * parameter or the configured clusters (BadLinkError), and for paths of no page.
 */
import { Alert, Anchor, Container, Stack, Text } from '@mantine/core';
import { Link, useLocation, useParams, type ErrorComponentProps } from '@tanstack/react-router';
import { z } from 'zod';

/** Names a URL parameter (as the user reads it) and what is wrong with its value. */
export class BadLinkError extends Error {
  constructor(
    readonly parameter: string,
    readonly problem: string,
  ) {
    super(`${parameter}: ${problem}`);
    this.name = 'BadLinkError';
  }
}

/** The names of the route's parameters, as the message says them. */
const PARAMETER_NAMES: Record<string, string> = {
  tableId: 'table ID',
  region: 'region',
  cluster: 'cluster',
};

/** What the router's schema failures carry as `cause`: zod's (Standard Schema) issues. */
const SchemaFailureSchema = z.object({
  issues: z.array(z.object({ message: z.string(), path: z.array(z.unknown()).optional() })).min(1),
});

function asBadLink(error: Error): BadLinkError | null {
  if (error instanceof BadLinkError) return error;
  const failure = SchemaFailureSchema.safeParse(error.cause);
  if (!failure.success) return null;
  const [issue] = failure.data.issues;
  if (issue === undefined) return null;
  const key = issue.path?.[0];
  const parameter = typeof key === 'string' ? (PARAMETER_NAMES[key] ?? key) : 'parameter';
  return new BadLinkError(parameter, issue.message);
}

/** A link the router refused: shown to the user as a message, not a bug to log. */
export function isBadLink(error: unknown): boolean {
  return error instanceof Error && asBadLink(error) !== null;
}

function BackToOverview({ clusterId }: { clusterId: string | null }) {
  return clusterId === null ? (
    <Anchor component={Link} to="/">
      Go to the overview
    </Anchor>
  ) : (
    <Anchor
      renderRoot={(props) => <Link {...props} to="/c/$cluster/" params={{ cluster: clusterId }} />}
    >
      Go to the overview of cluster {clusterId}
    </Anchor>
  );
}

interface LinkMessageProps {
  title: string;
  children: string;
  clusterId: string | null;
}

function LinkMessage({ title, children, clusterId }: LinkMessageProps) {
  const message = (
    <Alert color="red" variant="light" title={title} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{children}</Text>
        <BackToOverview clusterId={clusterId} />
      </Stack>
    </Alert>
  );
  // Outside a cluster (an unknown cluster, a path of no page) there is no shell around it.
  return clusterId === null ? (
    <Container size="sm" py={40}>
      {message}
    </Container>
  ) : (
    message
  );
}

function RouteError({ error, clusterId }: { error: unknown; clusterId: string | null }) {
  const badLink = error instanceof Error ? asBadLink(error) : null;
  return badLink === null ? (
    <LinkMessage title="This page failed" clusterId={clusterId}>
      {error instanceof Error ? error.message : String(error)}
    </LinkMessage>
  ) : (
    <LinkMessage title={`Bad ${badLink.parameter} in the link`} clusterId={clusterId}>
      {badLink.problem}
    </LinkMessage>
  );
}

function useShownClusterId(): string | null {
  return useParams({ strict: false, select: (params) => params.cluster ?? null });
}

/** errorComponent of the pages inside a cluster: the shell stays, the link back is to its overview. */
export function PageError({ error }: ErrorComponentProps) {
  return <RouteError error={error} clusterId={useShownClusterId()} />;
}

/** errorComponent outside a cluster (an unknown one, an old link of no page): no shell to keep. */
export function OutsideClusterError({ error }: ErrorComponentProps) {
  return <RouteError error={error} clusterId={null} />;
}

function NoPage({ clusterId }: { clusterId: string | null }) {
  const pathname = useLocation({ select: (location) => location.pathname });
  return (
    <LinkMessage title="No such page" clusterId={clusterId}>
      {`The console has no page at ${pathname}.`}
    </LinkMessage>
  );
}

export function NoPageInCluster() {
  return <NoPage clusterId={useShownClusterId()} />;
}

export function NoPageOutsideCluster() {
  return <NoPage clusterId={null} />;
}
