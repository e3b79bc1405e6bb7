import type { Channel, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { IpcServices } from './services';

/** A handler is a plain function of the services and an already-validated request. */
export type Handler<C extends Channel> = (
  services: IpcServices,
  request: RequestOf<C>,
) => ResponseOf<C> | Promise<ResponseOf<C>>;

export type Handlers<C extends Channel> = { [K in C]: Handler<K> };

export type HandlerTable = Handlers<Channel>;
