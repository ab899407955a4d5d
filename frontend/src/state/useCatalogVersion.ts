import { useEffect, useRef, useState } from 'react';
import { useSync } from './sync';

/** A number that goes up each time a catalog sync finishes, so pages reload what they show. */
export function useCatalogVersion(): number {
  const { status } = useSync();
  const [version, setVersion] = useState(0);
  const wasRunning = useRef(false);
  const running = Boolean(status?.running);
  useEffect(() => {
    if (wasRunning.current && !running) setVersion((v) => v + 1);
    wasRunning.current = running;
  }, [running]);
  return version;
}
