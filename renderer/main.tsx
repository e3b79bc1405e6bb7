import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { bridgeFrom, createVaultApi } from './api/vaultApi';
import { createAppStores } from './stores/appStores';
import { StoresProvider } from './stores/StoresContext';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/measures.css';
import './styles/print.css';

const container = document.getElementById('root');
const bridge = bridgeFrom(window);

if (container && bridge) {
  const stores = createAppStores(createVaultApi(bridge));
  createRoot(container).render(
    <StrictMode>
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>
    </StrictMode>,
  );
} else if (container) {
  container.textContent = 'Therapist Vault must be opened from the app.';
}
