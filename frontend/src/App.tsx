import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { Sidebar } from './components/Sidebar';
import { SkipLink } from './components/SkipLink';
import { Toasts } from './components/Toasts';
import { TopBar } from './components/TopBar';
import { DiscoverPage } from './pages/DiscoverPage';
import { useFocusOnNavigation } from './state/routeFocus';
import { useSession } from './state/session';
import { OrgProvider } from './state/org';
import { SyncProvider } from './state/sync';
import { ToastProvider } from './state/toasts';

// Discover is the first screen; the other pages are loaded on their first
// visit, so the window's start parses and runs only what it shows.
const AboutPage = lazy(() => import('./pages/AboutPage').then((m) => ({ default: m.AboutPage })));
const AdminPage = lazy(() => import('./pages/AdminPage').then((m) => ({ default: m.AdminPage })));
const AppDetailPage = lazy(() => import('./pages/AppDetailPage').then((m) => ({ default: m.AppDetailPage })));
const DeveloperPage = lazy(() => import('./pages/DeveloperPage').then((m) => ({ default: m.DeveloperPage })));
const InstalledPage = lazy(() => import('./pages/InstalledPage').then((m) => ({ default: m.InstalledPage })));
const ManagePage = lazy(() => import('./pages/ManagePage').then((m) => ({ default: m.ManagePage })));
const MyRequestsPage = lazy(() => import('./pages/MyRequestsPage').then((m) => ({ default: m.MyRequestsPage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage').then((m) => ({ default: m.SettingsPage })));

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
                <Suspense fallback={null}>
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
                </Suspense>
              </main>
            </div>
          </div>
        </OrgProvider>
      </SyncProvider>
      <Toasts />
    </ToastProvider>
  );
}
