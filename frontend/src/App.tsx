import { Navigate, Route, Routes } from 'react-router-dom';
import { Sidebar } from './components/Sidebar';
import { Toasts } from './components/Toasts';
import { TopBar } from './components/TopBar';
import { AboutPage } from './pages/AboutPage';
import { AdminPage } from './pages/AdminPage';
import { AppDetailPage } from './pages/AppDetailPage';
import { DiscoverPage } from './pages/DiscoverPage';
import { InstalledPage } from './pages/InstalledPage';
import { SettingsPage } from './pages/SettingsPage';
import { SyncProvider } from './state/sync';
import { ToastProvider } from './state/toasts';

/** The window: sidebar, top bar, the current page. Expects a router around it. */
export function App() {
  return (
    <ToastProvider>
      <SyncProvider>
        <div className="shell">
          <Sidebar />
          <div className="workspace">
            <TopBar />
            <main className="page" id="main">
              <Routes>
                <Route path="/" element={<Navigate to="/discover" replace />} />
                <Route path="/discover" element={<DiscoverPage />} />
                <Route path="/apps/:id" element={<AppDetailPage />} />
                <Route path="/installed" element={<InstalledPage />} />
                <Route path="/admin" element={<AdminPage />} />
                <Route path="/settings" element={<SettingsPage />} />
                <Route path="/about" element={<AboutPage />} />
                <Route path="*" element={<Navigate to="/discover" replace />} />
              </Routes>
            </main>
          </div>
        </div>
      </SyncProvider>
      <Toasts />
    </ToastProvider>
  );
}
