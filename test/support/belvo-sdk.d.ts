/** The parts of Belvo's official Node SDK (npm `belvo`, untyped JavaScript) that the tests use. */
declare module 'belvo' {
  interface ListOptions {
    limit?: number;
    filters?: Record<string, string>;
  }
  interface Resource<T> {
    list(options?: ListOptions): Promise<T[]>;
    detail(id: string): Promise<T>;
    delete(id: string): Promise<boolean>;
  }
  interface SdkLink {
    id: string;
    access_mode: string | null;
    status: string;
    external_id: string | null;
    refresh_rate: string | null;
  }
  interface SdkOwner {
    id: string;
    link: string;
    email: string | null;
  }
  export default class Client {
    constructor(secretKeyId: string, secretKeyPassword: string, url?: string);
    connect(): Promise<void>;
    links: Resource<SdkLink> & {
      register(
        institution: string,
        username: string,
        password?: string,
        options?: { accessMode?: string; externalId?: string },
      ): Promise<SdkLink>;
      update(id: string, options?: { password?: string }): Promise<SdkLink>;
      patch(id: string, options?: { accessMode?: string }): Promise<SdkLink>;
    };
    owners: Resource<SdkOwner> & {
      retrieve(link: string, options?: { saveData?: boolean }): Promise<SdkOwner[]>;
    };
  }
}
