import { useState, type KeyboardEvent } from 'react';
import type { AppListing } from '../../api/catalog';
import { strings } from '../../i18n';
import { Dialog } from '../Dialog';
import { Icon } from '../Icon';

const s = strings.detail;

type Shot = AppListing['screenshots'][number];

/**
 * The detail page's screenshots: a sideways strip that scrolls from the
 * keyboard too (a named region in the Tab order), each screenshot a button
 * that enlarges it in the viewer.
 */
export function Screenshots({ shots }: { shots: Shot[] }) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <section className="screenshots-section">
      <h2 className="section-title">{s.screenshots}</h2>
      <div className="screenshots" role="region" aria-label={s.screenshotStrip} tabIndex={0} data-testid="screenshot-strip">
        {shots.map((shot, i) => (
          <Thumbnail key={shot.url} shot={shot} n={i + 1} total={shots.length} onOpen={() => setOpen(i)} />
        ))}
      </div>
      {open !== null && <ScreenshotViewer shots={shots} start={open} onClose={() => setOpen(null)} />}
    </section>
  );
}

function Thumbnail({ shot, n, total, onOpen }: { shot: Shot; n: number; total: number; onOpen: () => void }) {
  const [failed, setFailed] = useState(false);
  return (
    <figure className="screenshot">
      <button type="button" className="screenshot-open" onClick={onOpen} aria-label={s.enlargeScreenshot(n, total)}>
        {failed ? (
          <span className="screenshot-missing" />
        ) : (
          <img src={shot.url} width={480} height={300} loading="lazy" alt="" onError={() => setFailed(true)} />
        )}
      </button>
      {shot.caption && <figcaption>{shot.caption}</figcaption>}
    </figure>
  );
}

/** One screenshot at a time, large: Previous/Next (buttons or ← →, wrapping), "2 of 5", Escape closes. */
export function ScreenshotViewer({ shots, start, onClose }: { shots: Shot[]; start: number; onClose: () => void }) {
  const [index, setIndex] = useState(start);
  const total = shots.length;
  const move = (by: number) => setIndex((i) => (i + by + total) % total);
  const shot = shots[index];
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      move(event.key === 'ArrowRight' ? 1 : -1);
    }
  };
  return (
    <Dialog labelledBy="screenshot-title" describedBy="screenshot-keys" onEscape={onClose} className="screenshot-viewer" testId="screenshot-viewer">
      <div className="viewer" onKeyDown={onKeyDown}>
        <div className="viewer-head">
          <h2 id="screenshot-title">{s.screenshot(index + 1)}</h2>
          <p className="viewer-position" aria-live="polite" data-testid="screenshot-position">
            {s.screenshotPosition(index + 1, total)}
          </p>
          <button type="button" className="button button-quiet" onClick={onClose} data-autofocus>
            <Icon name="close" size={16} />
            {s.closeScreenshot}
          </button>
        </div>
        <figure className="viewer-figure">
          <img className="viewer-image" src={shot.url} alt={shot.caption || s.screenshot(index + 1)} />
          {shot.caption && <figcaption aria-hidden="true">{shot.caption}</figcaption>}
        </figure>
        <p id="screenshot-keys" className="visually-hidden">
          {s.screenshotKeys}
        </p>
        <div className="viewer-nav">
          <button type="button" className="button" onClick={() => move(-1)} aria-label={s.previousScreenshot}>
            <Icon name="back" size={16} />
          </button>
          <button type="button" className="button" onClick={() => move(1)} aria-label={s.nextScreenshot}>
            <Icon name="forward" size={16} />
          </button>
        </div>
      </div>
    </Dialog>
  );
}
