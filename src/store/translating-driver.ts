import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';

type Translate = (error: unknown) => unknown;

/** A connection whose failures are translated; the driver's own connection stays inside. */
class TranslatingConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly translate: Translate,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(query);
    } catch (error) {
      throw this.translate(error);
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } catch (error) {
      throw this.translate(error);
    }
  }
}

/**
 * `driver`, with every error of acquiring a connection and of every statement (transaction control
 * included) passed through `translate`: the one place where a driver's errors become the gateway's,
 * whichever query, transaction or migration ran into them.
 */
export function translatingDriver(driver: Driver, translate: Translate): Driver {
  const wrappers = new WeakMap<DatabaseConnection, TranslatingConnection>();
  const wrapped = (connection: DatabaseConnection) => {
    let wrapper = wrappers.get(connection);
    if (!wrapper) wrappers.set(connection, (wrapper = new TranslatingConnection(connection, translate)));
    return wrapper;
  };
  const translated = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw translate(error);
    }
  };
  // Transaction control runs its statements through the connection it is given: the wrapper.
  const { savepoint, rollbackToSavepoint, releaseSavepoint } = driver;
  type Compile = QueryCompiler['compileQuery'];
  return {
    init: () => driver.init(),
    acquireConnection: () => translated(async () => wrapped(await driver.acquireConnection())),
    beginTransaction: (connection, settings: TransactionSettings) =>
      translated(() => driver.beginTransaction(connection, settings)),
    commitTransaction: (connection) => translated(() => driver.commitTransaction(connection)),
    rollbackTransaction: (connection) => translated(() => driver.rollbackTransaction(connection)),
    ...(savepoint && {
      savepoint: (connection, name: string, compile: Compile) =>
        translated(() => savepoint.call(driver, connection, name, compile)),
    }),
    ...(rollbackToSavepoint && {
      rollbackToSavepoint: (connection, name: string, compile: Compile) =>
        translated(() => rollbackToSavepoint.call(driver, connection, name, compile)),
    }),
    ...(releaseSavepoint && {
      releaseSavepoint: (connection, name: string, compile: Compile) =>
        translated(() => releaseSavepoint.call(driver, connection, name, compile)),
    }),
    // The driver releases its own connection object, not the wrapper.
    releaseConnection: (connection) => driver.releaseConnection((connection as TranslatingConnection).inner),
    destroy: () => driver.destroy(),
  };
}

/** `dialect` with its driver wrapped by `translatingDriver`. */
export function translatingDialect(dialect: Dialect, translate: Translate): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => translatingDriver(dialect.createDriver(), translate),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
