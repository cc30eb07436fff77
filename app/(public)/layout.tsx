// Pages for people who are not Sluice's users (a merchant's customers): no sign-in, no dashboard chrome, and
// nothing loaded from anywhere but this server.
export default function PublicLayout({ children }: { children: React.ReactNode }) {
  return <main className="mx-auto w-full max-w-md px-4 py-6 sm:py-10">{children}</main>;
}
