// Renderer entry: bundled Be Vietnam Pro (full Vietnamese diacritics, no network fonts), the transport
// chosen by platform.ts, and the app.
import '@fontsource/be-vietnam-pro/400.css';
import '@fontsource/be-vietnam-pro/600.css';
import '@fontsource/be-vietnam-pro/700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { kioskApi } from './platform.ts';
import { useKiosk } from './store.ts';

const store = useKiosk.getState();
const api = kioskApi((connected) => useKiosk.getState().setConnected(connected));
store.setApi(api);
api.onView((v) => useKiosk.getState().setView(v));
void api.call('getView', {}).then((v) => useKiosk.getState().setView(v)).catch(() => undefined);

// Kiosk hygiene: no context menu, no pinch zoom, no text selection drag.
window.addEventListener('contextmenu', (e) => e.preventDefault());

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
