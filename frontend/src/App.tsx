import { Navigate, Route, Routes } from 'react-router-dom';
import { Sidebar } from './components/Sidebar';
import { SkipLink } from './components/SkipLink';
import { Toasts } from './components/Toasts';
import { TopBar } from './components/TopBar';
import { AboutPage } from './pages/AboutPage';
import { AdminPage } from './pages/AdminPage';
import { AppDetailPage } from './pages/AppDetailPage';
import { DeveloperPage } from './pages/DeveloperPage';
import { DiscoverPage } from './pages/DiscoverPage';
import { InstalledPage } from './pages/InstalledPage';
import { ManagePage } from './pages/ManagePage';
import { MyRequestsPage } from './pages/MyRequestsPage';
import { SettingsPage } from './pages/SettingsPage';
import { useFocusOnNavigation } from './state/routeFocus';
import { useSession } from './state/session';
import { OrgProvider } from './state/org';
import { SyncProvider } from './state/sync';
import { ToastProvider } from './state/toasts';

/** The window: sidebar, top bar, the current page. Expects a router around it. */
export function App() {
  // Switching user re-mounts the whole window (pages and notifications), so
  // nothing of the previous user stays on screen.
  const { me } = useSession();
  useFocusOnNavigation();
  return (
    <ToastProvider key={me?.id ?? 0}>
      <SyncProvider>
        <OrgProvider>
          <SkipLink />
          <div className="shell">
            <Sidebar />
            <div className="workspace">
              <TopBar />
              <main className="page" id="main">
                <Routes>
                  <Route path="/" element={<Navigate to="/discover" replace />} />
                  <Route path="/discover" element={<DiscoverPage />} />
                  <Route path="/apps/:id" element={<AppDetailPage />} />
                  <Route path="/developers/:name" element={<DeveloperPage />} />
                  <Route path="/installed" element={<InstalledPage />} />
                  <Route path="/installed/:id" element={<ManagePage />} />
                  <Route path="/requests" element={<MyRequestsPage />} />
                  <Route path="/admin" element={<Navigate to="/admin/apps" replace />} />
                  <Route path="/admin/:tab" element={<AdminPage />} />
                  <Route path="/settings" element={<SettingsPage />} />
                  <Route path="/about" element={<AboutPage />} />
                  <Route path="*" element={<Navigate to="/discover" replace />} />
                </Routes>
              </main>
            </div>
          </div>
        </OrgProvider>
      </SyncProvider>
      <Toasts />
    </ToastProvider>
  );
}
