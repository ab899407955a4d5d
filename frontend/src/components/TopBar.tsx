import { OrgMarker } from './org/OrgMarker';
import { SearchBox } from './SearchBox';

export function TopBar() {
  return (
    <header className="topbar">
      <SearchBox />
      <OrgMarker />
    </header>
  );
}
