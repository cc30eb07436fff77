export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg viewBox="0 0 32 32" aria-hidden="true" className="h-7 w-7">
        <rect width="32" height="32" rx="8" className="fill-brand-600" />
        <path d="M9 8v16M23 8v16" stroke="white" strokeWidth="2.5" strokeLinecap="round" />
        <path d="M9 13h14" stroke="white" strokeWidth="2.5" strokeLinecap="round" />
        <path d="M17.5 15.5 14 21h4l-1.5 4.5 4-6.5h-4l1-3.5z" fill="#fde047" />
      </svg>
      <span>Sluice</span>
    </span>
  );
}
