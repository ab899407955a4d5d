import { SearchBox } from './SearchBox';

export function TopBar() {
  return (
    <header className="topbar">
      <SearchBox />
    </header>
  );
}
