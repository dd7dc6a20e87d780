/** The part of addons-linter's library interface that check-packages.ts uses (it ships no types). */
declare module 'addons-linter' {
  interface Message {
    code: string;
    message: string;
    file?: string;
  }
  const addonsLinter: {
    createInstance(options: { config: Record<string, unknown>; runAsBinary: boolean }): {
      run(): Promise<{ errors: Message[]; warnings: Message[]; notices: Message[] }>;
    };
  };
  export default addonsLinter;
}
