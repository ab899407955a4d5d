import type { ReactNode } from 'react';
import { getAbout, type AboutInfo, type KeychainStatus } from '../api/system';
import { PageHeader } from '../components/PageHeader';
import { strings } from '../i18n';
import { useResource } from '../state/useResource';

const s = strings.about;

function formatTime(value: string): string {
  if (!value) return s.unknown;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' }).format(date);
}

/**
 * The build's version as people read it. The Makefile stamps `git describe
 * --tags --always --dirty`: a release tag ("v1.4.0"), a tag plus later commits
 * ("v1.4.0-3-gabc1234"), a bare commit ("abc1234", no tag yet), "-dirty" for
 * uncommitted changes; "dev" when built without the Makefile.
 */
/**
 * The version as people read it. Builds carry scripts/version.sh's version:
 * "1.4.0" on a release, "1.4.0+3" three commits after it, "1.4.0+dev" where
 * no tag was at hand, "dev" from a plain go build; the commit comes beside it.
 */
export function describeVersion(version: string): string {
  const v = version.trim();
  const after = /^(\d+\.\d+\.\d+)\+(\d+)$/.exec(v);
  if (after) return s.devBuildAfter(after[1]);
  const of = /^(\d+\.\d+\.\d+)\+dev$/.exec(v);
  if (of) return s.devBuildOf(of[1]);
  return v === '' || v === 'dev' ? s.devBuild : v;
}

function Version({ version, commit }: { version: string; commit: string }) {
  if (!version) return <>{s.unknown}</>;
  return (
    <>
      {describeVersion(version)}
      {commit && <span className="badge-detail"> · {s.commit(commit)}</span>}
    </>
  );
}

function Keychain({ status }: { status: KeychainStatus | undefined }) {
  if (status?.reachable) {
    // Go's detail may only repeat the state ("reachable"): shown when it says more.
    const detail = status.detail && status.detail.toLowerCase() !== s.keychainReachable.toLowerCase() ? status.detail : '';
    return (
      <span className="badge badge-ok">
        {s.keychainReachable}
        {detail && <span className="badge-detail"> · {detail}</span>}
      </span>
    );
  }
  return (
    <>
      <span className="badge badge-warn">{s.keychainUnreachable}</span>
      {status?.detail && <p className="detail">{status.detail}</p>}
      {status?.fix && (
        <p className="detail">
          <strong>{s.keychainFix}:</strong> {status.fix}
        </p>
      )}
    </>
  );
}

function Row({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div className="facts-row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function AboutFacts({ about }: { about: AboutInfo }) {
  return (
    <dl className="facts">
      <Row label={s.version} testId="about-version"><Version version={about.version} commit={about.commit} /></Row>
      <Row label={s.dataDir} testId="about-data-dir"><code>{about.dataDir}</code></Row>
      <Row label={s.database} testId="about-database"><code>{about.database}</code></Row>
      <Row label={s.schema} testId="about-schema">{s.schemaValue(about.schemaVersion, about.supportedSchemaVersion)}</Row>
      <Row label={s.keychain} testId="about-keychain"><Keychain status={about.keychain} /></Row>
      <Row label={s.webview} testId="about-webview">{about.webview || s.unknown}</Row>
      <Row label={s.platform} testId="about-platform">{about.platform || s.unknown}</Row>
      <Row label={s.firstRun} testId="about-first-run">{formatTime(about.firstRunAt)}</Row>
    </dl>
  );
}

export function AboutPage() {
  const { resource, retry } = useResource(getAbout);
  return (
    <>
      <PageHeader title={s.title} subtitle={s.subtitle} />
      {resource.status === 'loading' && (
        <p className="loading" role="status" aria-live="polite">{s.loading}</p>
      )}
      {resource.status === 'error' && (
        <div className="inline-error" role="alert">
          <div>
            <p className="inline-error-title">{s.loadFailed}</p>
            <p className="detail">{resource.error.message}</p>
          </div>
          <button type="button" className="button" onClick={retry}>{s.retry}</button>
        </div>
      )}
      {resource.status === 'ready' && <AboutFacts about={resource.data} />}
    </>
  );
}
