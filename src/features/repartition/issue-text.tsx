/**
 * One problem found before sending: the console's words, then GreptimeDB's own text for the
 * same statement where API.md gives it, so the operator recognises it in logs and docs.
 */
import { Alert, Code, Stack, Text } from '@mantine/core';
import type { RepartitionIssue } from '../../../contract/repartition/repartition-plan';
import type { FormCheck } from './repartition-model';

export function IssueText({ issue }: { issue: RepartitionIssue }) {
  return (
    <>
      {issue.message}
      {issue.greptimeError !== undefined && (
        <>
          {' '}
          · GreptimeDB would answer <Code data-testid="greptime-error">{issue.greptimeError}</Code>
        </>
      )}
    </>
  );
}

/** What is still missing, and the issues that belong to no single field. */
export function FormIssues({ check }: { check: FormCheck }) {
  if (check.kind === 'ok') return null;
  return (
    <Stack gap="xs">
      {check.issues.length > 0 && (
        <Alert color="red" variant="light" title="This cannot be sent" role="alert">
          <Stack gap={4}>
            {check.issues.map((issue) => (
              <Text size="sm" key={`${String(issue.target)}-${issue.message}`}>
                <IssueText issue={issue} />
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {check.kind === 'incomplete' && (
        <Text size="sm" c="dimmed" data-testid="form-hint">
          {check.hint}
        </Text>
      )}
    </Stack>
  );
}
