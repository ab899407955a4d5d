import { useState } from 'react';

/**
 * A listing's icon, served by the Go app (same origin, cached for offline
 * use). Decorative: the name is always next to it. Falls back to a tile with
 * the name's initial when the image cannot load.
 */
export function AppIcon({ src, name, size }: { src: string; name: string; size: number }) {
  const [failed, setFailed] = useState(false);
  const style = { width: size, height: size, fontSize: Math.round(size * 0.42) };
  if (!src || failed) {
    return (
      <span className="app-icon app-icon-fallback" style={style} aria-hidden="true" data-hue={hue(name)}>
        {initial(name)}
      </span>
    );
  }
  return (
    <img
      className="app-icon"
      src={src}
      width={size}
      height={size}
      style={style}
      loading="lazy"
      decoding="async"
      alt=""
      draggable={false}
      onError={() => setFailed(true)}
    />
  );
}

function initial(name: string): string {
  const first = [...name.trim()][0];
  return first ? first.toLocaleUpperCase() : '?';
}

/** One of six tile colours, stable for a name. */
function hue(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % 6;
}
