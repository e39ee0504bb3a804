import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { preloadMonacoWhenIdle } from './editor/lazy-editors';
import './styles/base.css';
import './styles/sidebar.css';
import './styles/request.css';
import './styles/response.css';
import './styles/overlays.css';
import './styles/chain.css';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
preloadMonacoWhenIdle();
