import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter } from 'react-router-dom';
import { App } from './App';
import { AccountGate } from './components/AccountGate';
import { StartupGate } from './components/StartupGate';
import './styles/theme.css';
import './styles/shell.css';
import './styles/content.css';
import './styles/catalog.css';
import './styles/account.css';
import './styles/install.css';
import './styles/org.css';
import './styles/browse.css';
import { getAccountStatus } from './api/account';
import { getHome } from './api/catalog';
import { getStartupProblem } from './api/system';
import { getTheme } from './api/settings';
import { startEarly } from './state/early';
import { applyTheme, currentThemeChoice, followSystemTheme } from './state/theme';

// The Go-served /theme.js set the stored theme before this ran; without it
// (the dev server's first load) ask Go, and follow the OS while it is "System".
const themeServed = Boolean(document.documentElement.dataset.themeChoice);
applyTheme(currentThemeChoice());
if (!themeServed) getTheme().then(applyTheme, () => {});
followSystemTheme();

// What the first screen needs, asked of Go at once rather than gate after
// gate (state/early.ts); the home page's catalog only when it is the page shown.
startEarly('startup', getStartupProblem);
startEarly('account', getAccountStatus);
if (/^#?\/?(discover\b.*)?$/.test(window.location.hash)) startEarly('home', getHome);

// HashRouter: the Wails asset server and the dev server both serve one
// index.html, and the route (with its query) stays in the URL for back/forward.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <HashRouter>
      <StartupGate>
        <AccountGate>
          <App />
        </AccountGate>
      </StartupGate>
    </HashRouter>
  </StrictMode>,
);
