import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createVaultApi } from '../../../renderer/api/vaultApi';
import type { AppStoresOptions } from '../../../renderer/stores/appStores';
import { createAppStores } from '../../../renderer/stores/appStores';
import { StoresProvider } from '../../../renderer/stores/StoresContext';
import type { Bridge } from '../../../shared/ipc/bridge';

/** Renders a component with the app's real stores over the given bridge. */
export function renderWithStores(bridge: Bridge, ui: ReactNode, options: AppStoresOptions = {}) {
  const stores = createAppStores(createVaultApi(bridge), options);
  const view = render(<StoresProvider stores={stores}>{ui}</StoresProvider>);
  return { stores, ...view };
}
