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
import { getTheme } from './api/settings';
import { applyTheme, currentThemeChoice, followSystemTheme } from './state/theme';

// The Go-served /theme.js set the stored theme before this ran; without it
// (the dev server's first load) ask Go, and follow the OS while it is "System".
const themeServed = Boolean(document.documentElement.dataset.themeChoice);
applyTheme(currentThemeChoice());
if (!themeServed) getTheme().then(applyTheme, () => {});
followSystemTheme();

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
